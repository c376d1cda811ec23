// The openExternal allow-list against hostile and tricky links.
import { describe, expect, it } from 'vitest';
import { allowedExternalUrl } from './external-links';

describe('allowedExternalUrl', () => {
  it('passes listed https links, normalised', () => {
    expect(allowedExternalUrl('https://github.com/zalandoresearch/fashion-mnist')).toBe('https://github.com/zalandoresearch/fashion-mnist');
    expect(allowedExternalUrl('HTTPS://WWW.TensorFlow.org:443/js?x=1#y')).toBe('https://www.tensorflow.org/js?x=1#y');
    expect(allowedExternalUrl('https://js.tensorflow.org/api/latest/')).toBe('https://js.tensorflow.org/api/latest/');
    // full-width letters are the same host after IDNA mapping, and the ASCII form is opened
    expect(allowedExternalUrl('https://ｇｉｔｈｕｂ.com/zalandoresearch/')).toBe('https://github.com/zalandoresearch/');
  });

  it.each([
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['javascript: disguised', ' JavaScript:alert(1)//https://github.com/zalandoresearch/'],
    ['file:', 'file:///etc/passwd'],
    ['file: UNC', 'file://evil.example/share/x.exe'],
    ['smb:', 'smb://evil.example/share'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['the app itself', 'app://workbench/index.html'],
    ['http:', 'http://www.tensorflow.org/js'],
    ['ws:', 'ws://github.com/zalandoresearch/'],
    ['an unlisted host', 'https://evil.example/'],
    ['a listed host as a subdomain', 'https://github.com.evil.example/zalandoresearch/'],
    ['a listed host as a parent', 'https://tensorflow.org.evil.example/'],
    ['a subdomain of a listed host', 'https://evil.github.com/zalandoresearch/'],
    ['a trailing-dot host', 'https://github.com./zalandoresearch/'],
    ['credentials', 'https://user:pass@github.com/zalandoresearch/'],
    ['a user name', 'https://github.com@evil.example/zalandoresearch/'],
    ['a user name with a listed host', 'https://evil.example@github.com/zalandoresearch/'],
    ['another port', 'https://github.com:8443/zalandoresearch/'],
    ['a path outside the listed prefix', 'https://github.com/evil/repo'],
    ['a prefix look-alike', 'https://github.com/zalandoresearch-evil/x'],
    ['dot segments out of the prefix', 'https://github.com/zalandoresearch/../evil/x'],
    ['encoded dot segments out of the prefix', 'https://github.com/zalandoresearch/%2e%2e/evil/x'],
    ['an encoded slash', 'https://github.com/zalandoresearch%2F..%2Fevil'],
    ['a Cyrillic look-alike host (punycode)', 'https://gіthub.com/zalandoresearch/'],
    ['a punycode host', 'https://xn--gthub-n2e.com/zalandoresearch/'],
    ['a Greek look-alike host', 'https://www.tensοrflow.org/'],
    ['an encoded host', 'https://github.com%2eevil.example/zalandoresearch/'],
    ['an IP address', 'https://140.82.112.3/zalandoresearch/'],
    ['not a URL', 'github.com/zalandoresearch/'],
    ['empty', ''],
  ])('refuses %s', (_what, url) => {
    expect(allowedExternalUrl(url)).toBeNull();
  });
});
