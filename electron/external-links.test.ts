import { describe, expect, it } from 'vitest'
import { externalLink } from './external-links'

describe('links clicked in a console', () => {
  it('opens web addresses in the system browser', () => {
    expect(externalLink('https://thalesdocs.com/gphsm/luna/7/docs/network/Content/Home_Luna.htm')).toBe(
      'https://thalesdocs.com/gphsm/luna/7/docs/network/Content/Home_Luna.htm',
    )
    expect(externalLink('http://10.0.0.7:8443/')).toBe('http://10.0.0.7:8443/')
  })

  it('refuses everything else: local files, scripts, other programs, disguised addresses, garbage', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ssh://admin@10.0.0.7',
      'vscode://file/etc/hosts',
      'https://thalesdocs.com@evil.example/',
      'https://user:pw@evil.example/',
      'not a url',
      '',
    ])
      expect(externalLink(url), url).toBeUndefined()
  })
})
