import { fillVariables, FillContext } from './canned-variables';

describe('fillVariables', () => {
  const full: FillContext = {
    visitor: { name: 'Ada Lovelace', email: 'ada@example.com' },
    agent: { name: 'Grace' },
    website: { name: 'Acme Shop' },
  };

  it('fills every known variable from the current data', () => {
    expect(
      fillVariables(
        'Hi {{visitor.name}} ({{visitor.email}}), {{agent.name}} from {{website.name}} here.',
        full,
      ),
    ).toBe('Hi Ada Lovelace (ada@example.com), Grace from Acme Shop here.');
  });

  it('accepts spaces inside the braces', () => {
    expect(fillVariables('Hi {{ visitor.name }}!', full)).toBe('Hi Ada Lovelace!');
  });

  it('uses the fallback when the value is missing, null or blank', () => {
    expect(fillVariables('Hi {{visitor.name | there}}!', {})).toBe('Hi there!');
    expect(fillVariables('Hi {{visitor.name | there}}!', { visitor: { name: null } })).toBe(
      'Hi there!',
    );
    expect(fillVariables('Hi {{visitor.name|there}}!', { visitor: { name: '   ' } })).toBe(
      'Hi there!',
    );
  });

  it('prefers the value to the fallback', () => {
    expect(fillVariables('Hi {{visitor.name | there}}!', full)).toBe('Hi Ada Lovelace!');
  });

  it('keeps spaces inside a fallback of several words', () => {
    expect(fillVariables('Thanks, {{agent.name | the support team}}.', {})).toBe(
      'Thanks, the support team.',
    );
  });

  it('turns an empty value without fallback into nothing, never into braces', () => {
    expect(fillVariables('Hi {{visitor.name}}!', { visitor: { name: '' } })).toBe('Hi !');
    expect(fillVariables('Mail: {{visitor.email}}', {})).toBe('Mail: ');
  });

  it('turns an unknown variable into its fallback or nothing', () => {
    expect(fillVariables('Order {{order.id}} shipped', full)).toBe('Order  shipped');
    expect(fillVariables('Order {{order.id | soon}} shipped', full)).toBe('Order soon shipped');
    expect(fillVariables('{{}}{{ | x }}', full)).toBe('x');
  });

  it('fills the same variable more than once', () => {
    expect(fillVariables('{{agent.name}} and {{agent.name}}', full)).toBe('Grace and Grace');
  });

  it('leaves text that only looks like a variable alone', () => {
    expect(fillVariables('Use { braces } and {{ unclosed', full)).toBe(
      'Use { braces } and {{ unclosed',
    );
    expect(fillVariables('a } b {', full)).toBe('a } b {');
  });

  it('keeps newlines and the rest of the body as written', () => {
    expect(fillVariables('Hello {{visitor.name}},\n\nBest,\n{{agent.name}}', full)).toBe(
      'Hello Ada Lovelace,\n\nBest,\nGrace',
    );
  });

  it('trims the value it inserts', () => {
    expect(fillVariables('[{{website.name}}]', { website: { name: '  Acme  ' } })).toBe('[Acme]');
  });

  it('does not read variables from inside a value', () => {
    expect(fillVariables('Hi {{visitor.name}}', { visitor: { name: '{{agent.name}}' } })).toBe(
      'Hi {{agent.name}}',
    );
  });

  it('is case-insensitive about variable names', () => {
    expect(fillVariables('{{Visitor.Name}}', full)).toBe('Ada Lovelace');
  });
});
