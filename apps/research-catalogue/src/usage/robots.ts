/**
 * User agents COUNTER excludes as robots and crawlers: a short list of the patterns of the COUNTER-Robots list
 * (github.com/atmire/COUNTER-Robots) that cover the crawlers seen most; the full list is not vendored yet.
 */
const ROBOT_PATTERNS = [
  'bot',
  'crawl',
  'spider',
  'slurp',
  'harvest',
  'curl/',
  'wget',
  'python-requests',
  'python-urllib',
  'java/',
  'go-http-client',
  'headlesschrome',
  'phantomjs',
  'facebookexternalhit',
  'okhttp',
  'scrapy',
  'libwww-perl',
];

export function isRobot(userAgent: string | undefined): boolean {
  // No user agent at all is a script, not a reader.
  if (!userAgent) return true;
  const ua = userAgent.toLowerCase();
  return ROBOT_PATTERNS.some((p) => ua.includes(p));
}
