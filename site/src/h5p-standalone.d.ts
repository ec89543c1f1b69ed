/**
 * The part of h5p-standalone (3.7) the H5P player island uses. The package ships declarations
 * that point at a file it does not ship (./h5p), so they are restated here. Its constructor
 * returns a promise that settles once the player is on the page.
 */
declare module 'h5p-standalone' {
  export interface H5PStandaloneOptions {
    h5pJsonPath?: string;
    contentJsonPath?: string;
    librariesPath?: string;
    frameJs: string;
    frameCss: string;
    embedType?: 'div' | 'iframe';
    frame?: boolean;
    copyright?: boolean;
    export?: boolean;
    icon?: boolean;
  }

  export class H5P implements PromiseLike<void> {
    constructor(anchorElement: HTMLElement, options: H5PStandaloneOptions);
    getH5PPaths(options: H5PStandaloneOptions): { h5pJsonPath: string; contentJsonPath: string; librariesPath: string };
    then<A = void, B = never>(onfulfilled?: ((value: void) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): PromiseLike<A | B>;
  }
}
