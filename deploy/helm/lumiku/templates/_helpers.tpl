{{- define "lumiku.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "lumiku.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "lumiku.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "lumiku.secretName" -}}
{{- .Values.existingSecret | default (printf "%s-secrets" (include "lumiku.fullname" .)) -}}
{{- end -}}

{{/* Environment shared by every role: the ConfigMap, then the Secret. */}}
{{- define "lumiku.envFrom" -}}
- configMapRef:
    name: {{ include "lumiku.fullname" . }}-env
- secretRef:
    name: {{ include "lumiku.secretName" . }}
{{- end -}}

{{/* The writable folders of a read-only root filesystem. */}}
{{- define "lumiku.volumeMounts" -}}
- name: data
  mountPath: /var/lib/lumiku
- name: tmp
  mountPath: /tmp
{{- end -}}

{{- define "lumiku.volumes" -}}
- name: data
  emptyDir: {}
- name: tmp
  emptyDir: {}
{{- end -}}
