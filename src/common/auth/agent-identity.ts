/** Who an authenticated agent request or socket is: from the access token, nothing else. */
export interface AgentIdentity {
  type: 'agent';
  id: string;
  /** The refresh-token family (the login session) this access token was issued from. */
  familyId: string;
  /** Token expiry, seconds since the epoch. */
  exp: number;
}

export interface AccessTokenClaims {
  sub: string;
  typ: 'access';
  fam: string;
  exp: number;
  iat: number;
}
