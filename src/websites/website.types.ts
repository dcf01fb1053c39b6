export type MemberRole = 'owner' | 'admin' | 'agent';

/** What the widget is themed with. */
export interface WidgetSettings {
  color: string;
  greeting: string;
  position: 'right' | 'left';
}

export type AssignmentMode = 'manual' | 'round_robin';
export type ReplyPolicy = 'anyone' | 'assignee';
