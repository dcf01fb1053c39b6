import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { VisitorIdentity } from '../common/auth/visitor-identity';
import { VisitorsService } from './visitors.service';

type VisitorRequest = Request & { visitor?: VisitorIdentity };

/** Widget routes: the `X-Visitor-Token` names the visitor; the website's origin allowlist applies. */
@Injectable()
export class VisitorTokenGuard implements CanActivate {
  constructor(private readonly visitors: VisitorsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<VisitorRequest>();
    const token = req.headers['x-visitor-token'];
    req.visitor = await this.visitors.authenticateToken(
      typeof token === 'string' ? token : undefined,
      req.headers.origin,
    );
    return true;
  }
}

/** The visitor of this widget request (set by VisitorTokenGuard). */
export const CurrentVisitor = createParamDecorator(
  (_: unknown, context: ExecutionContext): VisitorIdentity =>
    context.switchToHttp().getRequest<VisitorRequest>().visitor!,
);
