/** Who a widget request or socket is: a visitor of exactly one website. */
export interface VisitorIdentity {
  type: 'visitor';
  id: string;
  websiteId: string;
}
