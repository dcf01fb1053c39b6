import type { AgentIdentity } from './agent-identity';
import type { VisitorIdentity } from './visitor-identity';

/**
 * Who is acting, as every use case takes it: an agent (rights through their website memberships)
 * or a visitor (rights over their own conversations only). Services decide what each may do; the
 * transports only say who it is.
 */
export type AgentActor = Pick<AgentIdentity, 'type' | 'id'>;
export type VisitorActor = VisitorIdentity;
export type Actor = AgentActor | VisitorActor;
