{{/* The release name names every object and the Service the webhooks call, so it must be a DNS label. */}}
{{- define "verdict.fullname" -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$" .Release.Name) -}}
{{- fail (printf "release name %q must be a DNS label (lower-case letters, digits and '-', at most 63): it names the webhook's Service" .Release.Name) -}}
{{- end -}}
{{- .Release.Name -}}
{{- end -}}

{{- define "verdict.selectorLabels" -}}
app.kubernetes.io/name: verdict
app.kubernetes.io/instance: {{ include "verdict.fullname" . }}
{{- end -}}

{{- define "verdict.labels" -}}
{{ include "verdict.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "verdict.tlsSecret" -}}
{{- if .Values.certManager.enabled -}}
{{ include "verdict.fullname" . }}-serving-tls
{{- else -}}
{{ required "tls.existingSecret is required when certManager.enabled is false" .Values.tls.existingSecret }}
{{- end -}}
{{- end -}}

{{- define "verdict.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end -}}
{{- end -}}
