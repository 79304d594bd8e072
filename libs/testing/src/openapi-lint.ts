import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root, found from this file (the rulesets live there), never from the cwd. */
const ROOT = path.resolve(__dirname, '../../..');
const REDOCLY = path.join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
const SPECTRAL = path.join(ROOT, 'node_modules/@stoplight/spectral-cli/dist/index.js');

export interface LintMessage {
  tool: 'redocly' | 'spectral';
  severity: 'error' | 'warning' | 'info';
  rule: string;
  message: string;
  /** JSON pointer (redocly) or dotted path (spectral) of the offending node. */
  where: string;
}

export interface LintResult {
  errors: number;
  warnings: number;
  messages: LintMessage[];
}

/** Both linters exit non-zero when they find errors; their JSON report is on stdout either way. */
async function stdoutOf(args: string[]): Promise<string> {
  try {
    return (
      await run(process.execPath, args, {
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      })
    ).stdout;
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout;
    if (stdout && stdout.trim()) return stdout;
    throw error;
  }
}

interface RedoclyReport {
  problems: { ruleId: string; severity: string; message: string; location?: { pointer?: string }[] }[];
}

interface SpectralProblem {
  code: string;
  message: string;
  severity: number;
  path: (string | number)[];
}

function spectralProblems(report: string): SpectralProblem[] {
  return JSON.parse(report.trim() || '[]') as SpectralProblem[];
}

const SPECTRAL_SEVERITY = ['error', 'warning', 'info', 'info'] as const;

/**
 * Lints an OpenAPI document with `@redocly/cli` (the repository's redocly.yaml: the recommended rules) and Spectral
 * (the repository's .spectral.yaml: spectral:oas). A service's test asserts zero errors and zero warnings.
 */
export async function lintOpenApi(document: object): Promise<LintResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'openapi-lint-'));
  try {
    const file = path.join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document, null, 2));
    const spectralOut = path.join(dir, 'spectral.json');
    const [redocly] = await Promise.all([
      stdoutOf([REDOCLY, 'lint', file, '--format=json', `--config=${path.join(ROOT, 'redocly.yaml')}`]),
      stdoutOf([
        SPECTRAL,
        'lint',
        file,
        '--ruleset',
        path.join(ROOT, '.spectral.yaml'),
        '--format',
        'json',
        '--output',
        spectralOut,
        '--quiet',
      ]).catch((error: unknown) => {
        // Spectral exits 1 when it finds errors; its report is in the output file either way.
        if ((error as { code?: unknown }).code !== 1) throw error;
        return '';
      }),
    ]);
    const spectral = await readFile(spectralOut, 'utf8');
    const messages: LintMessage[] = [
      ...(JSON.parse(redocly) as RedoclyReport).problems.map((p): LintMessage => ({
        tool: 'redocly',
        severity: p.severity === 'error' ? 'error' : p.severity === 'warn' ? 'warning' : 'info',
        rule: p.ruleId,
        message: p.message,
        where: p.location?.[0]?.pointer ?? '',
      })),
      ...spectralProblems(spectral).map((p): LintMessage => ({
        tool: 'spectral',
        severity: SPECTRAL_SEVERITY[p.severity] ?? 'info',
        rule: p.code,
        message: p.message,
        where: p.path.join('.'),
      })),
    ];
    return {
      errors: messages.filter((m) => m.severity === 'error').length,
      warnings: messages.filter((m) => m.severity === 'warning').length,
      messages,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
