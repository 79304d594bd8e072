import { intelExchangeCountryCodeValues, intelExchangeCurrencyCodeValues } from '../api/schema';
import { REPORT_FIELDS } from '../pages/report-fields';
import { ar } from './ar';
import { CODE_LISTS } from './code-lists';
import { codeKey, codeLabel, names, requiredFieldLabel, type CodeList } from './codes';
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

describe('the code lists (the API’s enums the console shows)', () => {
  const catalogues = { en, fr, es, ar } as Record<string, Record<string, string | undefined>>;
  const lists = Object.keys(CODE_LISTS) as CodeList[];

  it.each(lists)('%s: every value of the generated enum has a label in en, fr, es and ar', (list) => {
    const missing = Object.entries(catalogues).flatMap(([language, messages]) =>
      CODE_LISTS[list]
        .map((v) => codeKey(list, v))
        .filter((key) => !messages[key]?.trim())
        .map((key) => `${language} ${key}`),
    );
    expect(missing).toEqual([]);
  });

  it('labels every select of the report form: a code list of its own, or countries and currencies named by Intl', () => {
    const selects = REPORT_FIELDS.filter((f) => f.kind === 'select');
    expect(selects.length).toBeGreaterThan(10);
    for (const field of selects) {
      const { labels } = field;
      expect({ path: field.path, labelled: labels !== undefined }).toEqual({ path: field.path, labelled: true });
      // The options are the generated enum itself (a value the API adds is offered, and must be translated).
      if (labels === 'country') expect(field.options).toBe(intelExchangeCountryCodeValues);
      else if (labels === 'currency') expect(field.options).toBe(intelExchangeCurrencyCodeValues);
      else if (labels && labels !== 'language') expect(field.options).toBe(CODE_LISTS[labels]);
    }
  });

  it.each([
    ['fr', fr],
    ['es', es],
    ['ar', ar],
  ])('translates the code lists into %s rather than copying the English labels', (_name, messages) => {
    const keys = lists.flatMap((list) => CODE_LISTS[list].map((v) => codeKey(list, v) as MessageKey));
    const same = keys.filter((k) => messages[k] === en[k]);
    expect(same.length).toBeLessThan(keys.length / 10);
  });

  it('names every mission news of the event contract (the notification’s data is not in the API document)', () => {
    // Loaded by Jest's module map, not compiled with the console (the contracts are Nest code, with decorators).
    const contracts = jest.requireActual<{ MISSION_NEWS: readonly string[] }>('@wco/contracts');
    expect([...CODE_LISTS.missionNews]).toEqual([...contracts.MISSION_NEWS]);
  });

  it('shows a value the API added later as the code itself (no crash, no missing-key marker)', () => {
    expect(codeLabel(fr, 'reportType', 'seizure')).toBe('Saisie');
    expect(codeLabel(fr, 'reportType', 'controlled_delivery')).toBe('controlled_delivery');
    expect(codeLabel(ar, 'informationCredibility', 2)).toBe('2 — صحيحة على الأرجح');
    expect(codeLabel(es, 'tlp', 'AMBER+STRICT')).toMatch(/^TLP:AMBER\+STRICT — /);
    expect(codeLabel(en, 'eventType', 'gateway.webhook.renamed')).toBe('gateway.webhook.renamed');
    expect(codeLabel(en, 'topic', undefined)).toBe('');
    // An operation's required report fields keep their API path beside the name (the API's refusals name the path).
    const french = { code: (list: CodeList, value: string | number) => codeLabel(fr, list, value) };
    expect(requiredFieldLabel(french, 'goods.hsCode')).toBe('code SH (goods.hsCode)');
    expect(requiredFieldLabel(french, 'goods.colour')).toBe('goods.colour');
  });
});

describe('countries, currencies and languages named by Intl.DisplayNames', () => {
  it('names countries in the locale and sorts them with its collation, the code beside the name', () => {
    expect(names('fr').country('DE')).toBe('Allemagne');
    expect(names('es').country('DE')).toBe('Alemania');
    // É sorts with E in French (a code-point sort would put Égypte after France).
    expect(
      names('fr')
        .options('country', ['FR', 'EG', 'DE', 'AT'])
        .map((o) => o.label),
    ).toEqual(['Allemagne (DE)', 'Autriche (AT)', 'Égypte (EG)', 'France (FR)']);
    expect(
      names('fr')
        .options('country', ['FR', 'DE'])
        .map((o) => o.value),
    ).toEqual(['DE', 'FR']);
    const all = names('ar').options('country', intelExchangeCountryCodeValues);
    expect(all).toHaveLength(intelExchangeCountryCodeValues.length);
    expect(all.find((o) => o.value === 'EG')?.label).toBe('مصر (EG)');
  });

  it('names currencies after their code and languages in the locale', () => {
    expect(
      names('fr')
        .options('currency', ['USD', 'EUR'])
        .map((o) => o.label),
    ).toEqual(['EUR — euro', 'USD — dollar des États-Unis']);
    expect(names('en').currency('KES')).toBe('Kenyan Shilling');
    expect(names('es').language('fr')).toBe('francés');
    expect(names('ar').language('en')).toBe('الإنجليزية');
  });

  it('falls back to the code for a code it does not know or cannot read', () => {
    const fr = names('fr');
    expect(fr.country('QX')).toBe('QX');
    expect(fr.country('not a code')).toBe('not a code');
    expect(fr.currency('E1')).toBe('E1');
    expect(fr.language('')).toBe('');
    expect(fr.options('country', ['QX', 'FR'])).toEqual([
      { value: 'FR', label: 'France (FR)' },
      { value: 'QX', label: 'QX' },
    ]);
  });
});
