import { ar } from './ar';
import { en, type MessageKey } from './en';
import { es } from './es';
import { fr } from './fr';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each([
  ['fr', fr],
  ['es', es],
  ['ar', ar],
])('the %s catalogue', (_name, messages) => {
  const keys = Object.keys(en) as MessageKey[];

  it('has every English key and no other, none empty', () => {
    expect(Object.keys(messages).sort()).toEqual([...keys].sort());
    expect(keys.filter((k) => messages[k].trim() === '')).toEqual([]);
  });

  it('keeps the placeholders of each English message', () => {
    expect(keys.filter((k) => placeholders(messages[k]).join() !== placeholders(en[k]).join())).toEqual([]);
  });

  it('is translated, not a copy of the English text (beyond codes and names that stay as they are)', () => {
    const same = keys.filter((k) => messages[k] === en[k]);
    expect(same.length).toBeLessThan(keys.length / 10);
  });
});
