import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { Session } from './session';

export const signedIn: CanActivateFn = (_route, state) => {
  const session = inject(Session);
  if (session.authenticated()) return true;
  const returnUrl = state.url && state.url !== '/' ? state.url : undefined;
  return inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl } });
};

export const signedOut: CanActivateFn = () =>
  inject(Session).authenticated() ? inject(Router).createUrlTree(['/']) : true;
