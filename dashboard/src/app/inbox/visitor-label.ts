import { Visitor } from '../core/api/api.models';

/** How a visitor is named everywhere in the console: their name, email, or a short id. */
export function visitorLabel(visitor: Visitor | null | undefined): string {
  if (!visitor) return 'Visitor';
  return visitor.name || visitor.email || `Visitor ${visitor.id.slice(0, 8)}`;
}
