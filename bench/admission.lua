-- wrk script of bench/admission.sh: POSTs the AdmissionReview in the file $ADMISSION_BODY (a Pod CREATE) on every
-- request of every keep-alive connection.
local f = assert(io.open(os.getenv("ADMISSION_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

