/** What a canned response's variables are filled from: the data on screen when it is inserted. */
export interface FillContext {
  visitor?: { name?: string | null; email?: string | null } | null;
  agent?: { name?: string | null } | null;
  website?: { name?: string | null } | null;
}

/** `{{ name }}` or `{{ name | fallback }}`; a fallback holds no braces and runs to the closing pair. */
const VARIABLE = /\{\{([^{}|]*)(?:\|([^{}]*))?\}\}/g;

function lookup(name: string, context: FillContext): string | null | undefined {
  switch (name) {
    case 'visitor.name':
      return context.visitor?.name;
    case 'visitor.email':
      return context.visitor?.email;
    case 'agent.name':
      return context.agent?.name;
    case 'website.name':
      return context.website?.name;
    default:
      return undefined;
  }
}

/**
 * Fills `{{visitor.name}}`, `{{visitor.email}}`, `{{agent.name}}` and `{{website.name}}`. A variable
 * without a value (unknown, missing or blank) becomes its fallback, or nothing, so no braces are
 * ever sent to a visitor.
 */
export function fillVariables(body: string, context: FillContext): string {
  return body.replace(VARIABLE, (_whole, rawName: string, rawFallback: string | undefined) => {
    const value = lookup(rawName.trim().toLowerCase(), context)?.trim();
    if (value) return value;
    return rawFallback?.trim() ?? '';
  });
}
