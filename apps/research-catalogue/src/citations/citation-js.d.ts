// The part of citation-js (@citation-js/core 0.8, MIT) the service and its tests use; the package ships no types.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: { forceType?: string });
    /** CSL-JSON items. */
    data: Record<string, unknown>[];
    format(format: 'bibliography', options: { format: 'text' | 'html'; template: string; lang: string }): string;
  }
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
