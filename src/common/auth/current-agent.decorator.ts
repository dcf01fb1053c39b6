import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AgentIdentity } from './agent-identity';

/** The authenticated agent of this request (set by the JWT guard). */
export const CurrentAgent = createParamDecorator(
  (_: unknown, context: ExecutionContext): AgentIdentity => context.switchToHttp().getRequest().user,
);
