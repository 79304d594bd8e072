import { EventEmitter } from 'node:events';
import { createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { EmitBoundContextManager } from './emit-bound-context-manager';

const KEY = createContextKey('which');
const named = (name: string) => ROOT_CONTEXT.setValue(KEY, name);

describe('EmitBoundContextManager', () => {
  const manager = new EmitBoundContextManager().enable();
  afterAll(() => manager.disable());
  const seen = (): unknown => manager.active().getValue(KEY);

  it('runs every listener of a bound emitter in the bound context, whenever it was added and wherever it is emitted from', () => {
    const emitter = new EventEmitter();
    const calls: unknown[] = [];
    emitter.on('e', () => calls.push(['before', seen()]));
    manager.bind(named('request'), emitter);
    emitter.on('e', (a: number, b: number) => calls.push(['after', seen(), a + b]));
    emitter.once('e', () => calls.push(['once', seen()]));
    manager.with(named('elsewhere'), () => emitter.emit('e', 2, 3));
    emitter.emit('e', 1, 1);
    expect(calls).toEqual([
      ['before', 'request'],
      ['after', 'request', 5],
      ['once', 'request'],
      ['before', 'request'],
      ['after', 'request', 2],
    ]);
  });

  it('keeps the first binding, returns the emitter, and lets listeners be removed by the function that was added', () => {
    const emitter = new EventEmitter();
    const calls: unknown[] = [];
    const listener = (): number => calls.push(seen());
    expect(manager.bind(named('first'), emitter)).toBe(emitter);
    manager.bind(named('second'), emitter);
    emitter.on('e', listener);
    expect(emitter.emit('e')).toBe(true);
    emitter.off('e', listener);
    expect(emitter.emit('e')).toBe(false);
    expect(calls).toEqual(['first']);
  });

  it('leaves an unbound emitter in the emitting context and binds functions as the stock manager does', () => {
    const emitter = new EventEmitter();
    const calls: unknown[] = [];
    emitter.on('e', () => calls.push(seen()));
    manager.with(named('caller'), () => emitter.emit('e'));
    const bound = manager.bind(named('fn'), function (this: unknown, x: number) {
      return [seen(), x, this];
    });
    expect(calls).toEqual(['caller']);
    expect(bound.call('self', 7)).toEqual(['fn', 7, 'self']);
    expect(bound.length).toBe(1);
  });

  it('propagates the bound context into asynchronous work a listener starts', async () => {
    const emitter = new EventEmitter();
    manager.bind(named('request'), emitter);
    const later = new Promise((resolve) => emitter.on('e', () => setImmediate(() => resolve(seen()))));
    emitter.emit('e');
    await expect(later).resolves.toBe('request');
  });
});
