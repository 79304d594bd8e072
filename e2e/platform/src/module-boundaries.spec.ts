import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** The lint step of `npm test` must reject imports that break the architecture, not only style. */
describe('module boundaries (ESLint @nx/enforce-module-boundaries)', () => {
  // ESLint runs as its own process: its ESM config cannot load inside Jest's module sandbox.
  const lint = async (filePath: string, code: string): Promise<string[]> => {
    const eslint = resolve(ROOT, 'node_modules/eslint/bin/eslint.js');
    const out = spawnSync(process.execPath, [eslint, '--format', 'json', '--stdin', '--stdin-filename', resolve(ROOT, filePath)], {
      cwd: ROOT,
      input: code,
      encoding: 'utf8',
    });
    const [result] = JSON.parse(out.stdout) as { messages: { ruleId: string; message: string }[] }[];
    return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
  };

  // The probe sits in a utility lib that no data lib depends on; in one they do (config), the cycle is reported first.
  it('rejects a utility lib importing a data lib', async () => {
    const messages = await lint(
      'libs/auth/src/probe.ts',
      "import { OutboxWriter } from '@wco/messaging';\nexport const x = OutboxWriter;\n",
    );
    expect(messages).toEqual([expect.stringContaining('type:util')]);
  });

  it('rejects the contracts lib importing anything but contracts', async () => {
    const messages = await lint('libs/contracts/src/probe.ts', "import { loadConfig } from '@wco/config';\nexport const x = loadConfig;\n");
    expect(messages).toEqual([expect.stringContaining('type:contracts')]);
  });

  it('accepts a service importing the shared libs', async () => {
    const messages = await lint(
      'apps/intel-exchange/src/probe.ts',
      "import { OutboxWriter } from '@wco/messaging';\nexport const x = OutboxWriter;\n",
    );
    expect(messages).toEqual([]);
  });
});
