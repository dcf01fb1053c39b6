import { StatusView } from './inbox-store';

/** The inbox's filters as read from the URL, with anything malformed dropped. */
export interface InboxFilters {
  status: StatusView;
  /** `all`, `me`, `none` or a member's agent id. */
  assignee: string;
  tags: string[];
  /** `YYYY-MM-DD` or empty. */
  from: string;
  to: string;
  q: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const AGENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readFilters(params: {
  assignee?: string;
  status?: string;
  tag?: string | string[];
  from?: string;
  to?: string;
  q?: string;
}): InboxFilters {
  const assignee = params.assignee ?? '';
  const tags = (Array.isArray(params.tag) ? params.tag : params.tag ? [params.tag] : [])
    .map((t) => t.trim())
    .filter((t) => t.length > 0 && t.length <= 40);
  return {
    status: params.status === 'closed' || params.status === 'all' ? params.status : 'open',
    assignee:
      assignee === 'me' || assignee === 'none' || AGENT_ID.test(assignee) ? assignee : 'all',
    tags: [...new Set(tags)].slice(0, 10),
    from: DATE.test(params.from ?? '') ? params.from! : '',
    to: DATE.test(params.to ?? '') ? params.to! : '',
    q: (params.q ?? '').trim().slice(0, 200),
  };
}

/**
 * Whether an activity time falls within the dates, `to` inclusive, read as UTC days as the search
 * endpoint reads them; an empty date is no bound.
 */
export function withinDates(at: string, from: string, to: string): boolean {
  const time = Date.parse(at);
  if (from && time < Date.parse(from)) return false;
  if (to && time >= Date.parse(to) + 86_400_000) return false;
  return true;
}
