import { assignTargets, canRemove, grantableRoles, roleOptions } from './roles';

describe('team roles', () => {
  it('lets owners grant every role, admins admin and agent, agents nothing', () => {
    expect(grantableRoles('owner')).toEqual(['owner', 'admin', 'agent']);
    expect(grantableRoles('admin')).toEqual(['admin', 'agent']);
    expect(grantableRoles('agent')).toEqual([]);
    expect(grantableRoles(null)).toEqual([]);
  });

  it('offers an admin nothing to change about an owner', () => {
    expect(roleOptions('admin', 'owner')).toEqual([]);
    expect(roleOptions('admin', 'agent')).toEqual(['admin', 'agent']);
    expect(roleOptions('owner', 'owner')).toEqual(['owner', 'admin', 'agent']);
    expect(roleOptions('agent', 'agent')).toEqual([]);
  });

  it('lets only an owner remove an owner, and agents remove nobody', () => {
    expect(canRemove('owner', 'owner')).toBe(true);
    expect(canRemove('admin', 'owner')).toBe(false);
    expect(canRemove('admin', 'admin')).toBe(true);
    expect(canRemove('agent', 'agent')).toBe(false);
  });

  describe('assignTargets', () => {
    const members = ['me', 'bob', 'carol'];

    it('gives owners and admins every member and nobody, except where it already is', () => {
      expect(assignTargets('admin', 'me', 'bob', members)).toEqual([null, 'me', 'carol']);
      expect(assignTargets('owner', 'me', null, members)).toEqual(['me', 'bob', 'carol']);
    });

    it('lets an agent only take an unassigned conversation or let go of their own', () => {
      expect(assignTargets('agent', 'me', null, members)).toEqual(['me']);
      expect(assignTargets('agent', 'me', 'me', members)).toEqual([null]);
      expect(assignTargets('agent', 'me', 'bob', members)).toEqual([]);
    });
  });
});
