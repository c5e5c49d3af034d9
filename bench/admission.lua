-- wrk script of bench/admission.sh: POSTs the AdmissionReview in the file $ADMISSION_BODY (a Pod CREATE) on every
-- request of every keep-alive connection. With $ADMISSION_REQUESTS > 0 each wrk thread stops after that many
-- responses (a fixed number of reviews instead of a fixed duration).
local f = assert(io.open(os.getenv("ADMISSION_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

local quota = tonumber(os.getenv("ADMISSION_REQUESTS") or "0")
if quota > 0 then
  local done = 0
  function response(status, headers, body)
    done = done + 1
    if done >= quota then
      wrk.thread:stop()
    end
  end
end
