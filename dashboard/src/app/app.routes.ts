import { Routes } from '@angular/router';
import { signedIn, signedOut } from './core/auth/auth.guards';
import {
  conversationLink,
  firstWebsite,
  knownWebsite,
  websitesLoaded,
} from './core/websites/website.guards';

export const routes: Routes = [
  {
    path: 'login',
    canActivate: [signedOut],
    title: 'Log in · Zendo',
    loadComponent: () => import('./auth/login').then((m) => m.Login),
  },
  {
    path: 'signup',
    canActivate: [signedOut],
    title: 'Sign up · Zendo',
    loadComponent: () => import('./auth/signup').then((m) => m.Signup),
  },
  {
    // Public: the invited person may have no account yet, or be signed in as someone else.
    path: 'invite',
    title: 'Your invite · Zendo',
    loadComponent: () => import('./invite/invite-page').then((m) => m.InvitePage),
  },
  {
    // Public: the link from the signup mail works whether or not this tab is signed in.
    path: 'verify-email',
    title: 'Confirm your email · Zendo',
    loadComponent: () => import('./account/verify-email').then((m) => m.VerifyEmail),
  },
  {
    path: 'forgot-password',
    title: 'Forgot password · Zendo',
    loadComponent: () => import('./account/forgot-password').then((m) => m.ForgotPassword),
  },
  {
    path: 'reset-password',
    title: 'Choose a new password · Zendo',
    loadComponent: () => import('./account/reset-password').then((m) => m.ResetPassword),
  },
  {
    path: '',
    canActivate: [signedIn, websitesLoaded],
    loadComponent: () => import('./core/layout/shell').then((m) => m.Shell),
    children: [
      { path: '', pathMatch: 'full', canActivate: [firstWebsite], children: [] },
      {
        path: 'websites/new',
        title: 'Add a website · Zendo',
        loadComponent: () => import('./settings/website-create').then((m) => m.WebsiteCreate),
      },
      {
        path: 'preferences',
        title: 'Preferences · Zendo',
        loadComponent: () => import('./settings/preferences').then((m) => m.Preferences),
      },
      { path: 'conversations/:conversationId', canActivate: [conversationLink], children: [] },
      {
        path: 'w/:websiteId',
        canActivate: [knownWebsite],
        children: [
          { path: '', pathMatch: 'full', redirectTo: 'inbox' },
          {
            path: 'inbox',
            loadChildren: () => import('./inbox/inbox.routes').then((m) => m.inboxRoutes),
          },
          {
            path: 'members',
            title: 'Members · Zendo',
            loadComponent: () => import('./members/members-page').then((m) => m.MembersPage),
          },
          {
            path: 'settings',
            title: 'Website settings · Zendo',
            loadComponent: () =>
              import('./settings/website-settings').then((m) => m.WebsiteSettings),
          },
          {
            path: 'canned',
            title: 'Canned responses · Zendo',
            loadComponent: () => import('./canned/canned-page').then((m) => m.CannedPage),
          },
          {
            path: 'tags',
            title: 'Tags · Zendo',
            loadComponent: () => import('./tags/tags-page').then((m) => m.TagsPage),
          },
          {
            path: 'security',
            title: 'Security · Zendo',
            loadComponent: () => import('./security/security-page').then((m) => m.SecurityPage),
          },
          {
            path: 'audit',
            title: 'Audit log · Zendo',
            loadComponent: () => import('./audit/audit-page').then((m) => m.AuditPage),
          },
          {
            path: 'reports',
            title: 'Reports · Zendo',
            loadComponent: () => import('./reports/reports-page').then((m) => m.ReportsPage),
          },
        ],
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
