import { COUNTER_ROBOT_PATTERNS, isRobot } from './robots';

describe('COUNTER robots', () => {
  it('carries the whole COUNTER-Robots list, every pattern a valid regular expression', () => {
    expect(COUNTER_ROBOT_PATTERNS.length).toBeGreaterThanOrEqual(327);
    for (const p of COUNTER_ROBOT_PATTERNS) expect(() => new RegExp(p, 'i')).not.toThrow();
  });

  it('leaves out crawlers, harvesters and scripts, case-insensitively, and no user agent at all', () => {
    for (const ua of [
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
      'Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)',
      'python-requests/2.31.0',
      'curl/8.5.0',
      'Wget/1.21.4',
      'libwww-perl/6.72',
      'Go-http-client/2.0',
      'ia_archiver (+http://www.alexa.com/site/help/webmasters; crawler@alexa.com)',
      'Java/17.0.2',
      'ZoteroTranslationServer/WMF (mailto:noc@wikimedia.org)',
      'HeadlessChrome/120.0.0.0',
      'x',
      '',
      undefined,
    ])
      expect([ua, isRobot(ua)]).toEqual([ua, true]);
  });

  it('counts readers in ordinary browsers', () => {
    for (const ua of [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    ])
      expect([ua, isRobot(ua)]).toEqual([ua, false]);
    // The verdict is the same when it comes from the cache.
    expect(isRobot('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe(false);
    expect(isRobot('curl/8.5.0')).toBe(true);
  });
});
