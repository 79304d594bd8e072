import { until } from './node-child';

describe('until', () => {
  it('resolves with the time it waited once the probe passes', async () => {
    let calls = 0;
    const waited = await until(async () => ++calls === 3, 5_000, 'the third call', 5);
    expect(calls).toBe(3);
    expect(waited).toBeGreaterThanOrEqual(0);
  });

  it('names what it waited for, as seen at the time-out, and the last error of the probe', async () => {
    let state = 'starting';
    let calls = 0;
    const probe = async (): Promise<boolean> => {
      calls++;
      state = `state ${calls}`;
      if (calls % 2 === 0) throw new Error(`broker refused call ${calls}`);
      return false;
    };
    const failure = await until(probe, 30, () => `the group (last seen: ${state})`, 5).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toMatch(/^timed out after 30 ms waiting for the group \(last seen: state \d+\)/);
    expect(message).toContain(`last seen: state ${calls})`);
    expect(message).toMatch(/the probe last threw: broker refused call \d+/);
  });

  it('says nothing of an error when the probe never threw', async () => {
    await expect(until(async () => false, 20, 'nothing', 5)).rejects.toThrow(/^timed out after 20 ms waiting for nothing$/);
  });
});
