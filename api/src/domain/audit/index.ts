export { actorOf, AUDIT_ACTIONS, AUDIT_ID_PREFIX, listAudit, recordAudit, type AuditAction, type AuditActor, type AuditInput, type AuditQuery, type AuditRow } from './audit';
export { REDACTED, scrubSecrets } from './scrub';
