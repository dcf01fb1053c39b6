export type MemberRole = 'owner' | 'admin' | 'agent';

/** What the widget is themed with. */
export interface WidgetSettings {
  color: string;
  greeting: string;
  position: 'right' | 'left';
}

export type AssignmentMode = 'manual' | 'round_robin';
export type ReplyPolicy = 'anyone' | 'assignee';

/** The widget's languages; `auto` follows the visitor's browser (English when it has none of them). */
export const WEBSITE_LOCALES = ['auto', 'en', 'de', 'fr', 'es', 'pt-BR', 'ar'] as const;
export type WebsiteLocale = (typeof WEBSITE_LOCALES)[number];
