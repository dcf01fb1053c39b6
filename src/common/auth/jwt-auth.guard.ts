import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../domain-error';
import { IS_PUBLIC } from '../public.decorator';

/** On for every HTTP route (APP_GUARD); routes marked @Public() skip it. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    return super.canActivate(context);
  }

  handleRequest<T>(error: unknown, identity: T): T {
    if (error || !identity) throw new DomainError('UNAUTHORIZED', 'A valid access token is required', 401);
    return identity;
  }
}
