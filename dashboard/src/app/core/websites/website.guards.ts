import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { ConversationsApi } from '../api/conversations-api';
import { WebsitesStore } from './websites-store';

export const websitesLoaded: CanActivateFn = async () => {
  try {
    await inject(WebsitesStore).ensureLoaded();
  } catch {
    // The shell shows the failure; the agent can still reach preferences and log out.
  }
  return true;
};

/** The console's home: the last website used, or creating the first one. */
export const firstWebsite: CanActivateFn = () => {
  const id = inject(WebsitesStore).preferredId();
  return inject(Router).createUrlTree(id ? ['/w', id, 'inbox'] : ['/websites/new']);
};

export const knownWebsite: CanActivateFn = (route) => {
  const websites = inject(WebsitesStore);
  const id = route.paramMap.get('websiteId');
  if (!id || !websites.websites().some((w) => w.id === id))
    return inject(Router).createUrlTree(['/']);
  websites.select(id);
  return true;
};

/** Links that only know the conversation (notifications) are sent to its website's inbox. */
export const conversationLink: CanActivateFn = async (route) => {
  const router = inject(Router);
  const id = route.paramMap.get('conversationId') ?? '';
  try {
    const conversation = await inject(ConversationsApi).get(id);
    return router.createUrlTree(['/w', conversation.websiteId, 'inbox', id]);
  } catch {
    return router.createUrlTree(['/']);
  }
};
