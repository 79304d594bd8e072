import { EventEmitter } from 'node:events';
import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

const BOUND = Symbol('wco.telemetry.boundContext');

type Bindable = EventEmitter & { [BOUND]?: Context };

/**
 * OpenTelemetry's AsyncLocalStorage context manager, binding an event emitter by wrapping its `emit` once instead of
 * every listener added to it.
 *
 * The HTTP instrumentation binds each incoming request and its response to the request's context (traced or not), so
 * that their listeners run in it. The stock manager does that by patching `on`/`once`/`addListener`/`prepend*` and the
 * removal methods of the emitter and wrapping each listener as it is added: a closure, `Object.defineProperty` and a
 * WeakMap entry per listener, and a proxy adds about twenty listeners to each request and response (streams piped
 * both ways, end-of-stream watchers). In the gateway bench that was the largest single cost in the profile of a
 * proxied request after the socket writes (about 13 % of its JavaScript time).
 *
 * Here `emit` of a bound emitter runs in the bound context: every listener then runs in it, as with the stock manager,
 * whenever it was added (the stock manager leaves listeners added before the binding in the emitting context; for
 * requests and responses those are Node's own, which read no context). The first binding of an emitter wins, as
 * with the stock manager. Functions are bound as the stock manager binds them.
 */
export class EmitBoundContextManager extends AsyncLocalStorageContextManager {
  override bind<T>(context: Context, target: T): T {
    if (!(target instanceof EventEmitter)) return super.bind(context, target);
    const emitter = target as Bindable;
    if (emitter[BOUND] !== undefined) return target;
    emitter[BOUND] = context;
    const emit = emitter.emit;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the wrapper's `this` is the emitter
    const manager = this;
    emitter.emit = function (this: EventEmitter, event: string | symbol, ...args: unknown[]): boolean {
      return manager.with(context, () => emit.call(this, event, ...args));
    };
    return target;
  }
}
