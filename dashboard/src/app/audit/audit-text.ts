import { AuditEvent } from '../core/api/api.models';

/** The audit log's actions in words; an unknown one is shown as the server names it. */
export const ACTION_LABELS: Record<string, string> = {
  'website.updated': 'Settings changed',
  'website.key_rotated': 'Website key rotated',
  'website.identity_secret_rotated': 'Identity secret rotated',
  'member.role_changed': 'Role changed',
  'member.removed': 'Member removed',
  'member.left': 'Member left',
  'invite.sent': 'Invite sent',
  'invite.resent': 'Invite sent again',
  'invite.revoked': 'Invite revoked',
  'invite.accepted': 'Invite accepted',
  'conversation.deleted': 'Conversation deleted',
  'message.deleted': 'Message deleted',
  'visitor.exported': 'Visitor data exported',
  'visitor.erased': 'Visitor erased',
  'retention.purged': 'Conversations purged',
};

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  allowedOrigins: 'Allowed origins',
  settings: 'Widget',
  assignment: 'Assignment',
  replyPolicy: 'Reply policy',
  businessHours: 'Business hours',
  offlineGreeting: 'Offline greeting',
  retentionDays: 'Retention (days)',
  requireVerifiedIdentity: 'Require verified identity',
};

const DETAIL_LABELS: Record<string, string> = {
  oldKeyWorksUntil: 'Old key works until',
  visitorId: 'Visitor',
  messages: 'Messages',
  purgeAfterDays: 'Purged after (days)',
  conversationId: 'Conversation',
  seq: 'Message number',
  sender: 'Sender',
  messagesRedacted: 'Messages erased',
  conversations: 'Conversations',
  reason: 'Reason',
  email: 'Email',
  role: 'Role',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

export function actorLabel(event: AuditEvent): string {
  switch (event.actor.type) {
    case 'system':
      return 'Zendo (scheduled)';
    case 'visitor':
      return `Visitor ${event.actor.id?.slice(0, 8) ?? ''}`.trim();
    default:
      return event.actor.name ?? 'A former agent';
  }
}

export function targetLabel(event: AuditEvent): string {
  if (!event.target) return '';
  return `${event.target.type} ${event.target.id.slice(0, 8)}`;
}

/** A value as a person reads it: empty and null say so, lists and objects become short text. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (value === '') return 'empty';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length ? value.map(valueText).join(', ') : 'none';
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => `${key}: ${valueText(inner)}`)
      .join('; ');
  }
  return String(value);
}

/**
 * The details of an entry as lines of text: a settings change lists each field, old → new; a role
 * change old → new; anything else as label: value.
 */
export function detailLines(event: AuditEvent): string[] {
  const details = event.details ?? {};
  const changes = details['changes'];
  if (changes && typeof changes === 'object') {
    return Object.entries(changes as Record<string, { old?: unknown; new?: unknown }>).map(
      ([field, change]) =>
        `${FIELD_LABELS[field] ?? field}: ${valueText(change?.old)} → ${valueText(change?.new)}`,
    );
  }
  if ('old' in details && 'new' in details) {
    return [`${valueText(details['old'])} → ${valueText(details['new'])}`];
  }
  return Object.entries(details).map(
    ([key, value]) => `${DETAIL_LABELS[key] ?? key}: ${valueText(value)}`,
  );
}
