import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { API } from '../api/api-error';
import { Session, SKIP_AUTH } from './session';

/**
 * Adds the access token to API calls; on a 401 gets a new one (shared with every other request
 * failing at the same moment) and retries once.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  if (req.context.get(SKIP_AUTH) || !req.url.startsWith(API)) return next(req);
  const session = inject(Session);
  const sentWith = session.accessToken();
  return next(withToken(req, sentWith)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) {
        return throwError(() => error);
      }
      const current = session.accessToken();
      // Someone else already refreshed while this request was in flight: just use their token.
      const token = current && current !== sentWith ? Promise.resolve(current) : session.refresh();
      return from(token).pipe(switchMap((fresh) => next(withToken(req, fresh))));
    }),
  );
};

function withToken<T>(req: HttpRequest<T>, token: string | null): HttpRequest<T> {
  return token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;
}
