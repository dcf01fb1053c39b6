import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Authenticator } from 'passport';
import { isDatabaseUnavailable } from '../../database/db-errors';
import { DomainError } from '../domain-error';
import { IS_PUBLIC } from '../public.decorator';

/**
 * This application's own passport: its strategies (with this app's secret and session check) are
 * registered here rather than in passport's process-wide default, so two instances in one process
 * (the cluster tests) each authenticate with their own.
 */
export const AGENT_PASSPORT = Symbol('AGENT_PASSPORT');

const unauthorized = () => new DomainError('UNAUTHORIZED', 'A valid access token is required', 401);

/** On for every HTTP route (APP_GUARD); routes marked @Public() skip it. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AGENT_PASSPORT) private readonly passport: Authenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: unknown }>();
    const response = context.switchToHttp().getResponse<Response>();
    return new Promise((resolve, reject) => {
      const authenticate = this.passport.authenticate(
        'jwt',
        { session: false },
        (error: unknown, identity: unknown) => {
          // A session check the database could not answer is a 503 to retry, not a bad token.
          if (error && isDatabaseUnavailable(error)) return reject(error);
          if (error || !identity) return reject(error instanceof DomainError ? error : unauthorized());
          request.user = identity;
          resolve(true);
        },
      ) as (req: Request, res: Response, next: (error?: unknown) => void) => void;
      authenticate(request, response, (error) => reject(error ?? unauthorized()));
    });
  }
}
