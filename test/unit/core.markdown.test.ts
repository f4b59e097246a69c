// Server strings inside Markdown tooltips read as text: no formatting, no links, no HTML.

import assert from 'node:assert/strict';
import { escapeMarkdown } from '../../src/core/markdown';

describe('escapeMarkdown', () => {
  it('escapes every character that formats, links or embeds, and keeps plain names as they are', () => {
    assert.equal(escapeMarkdown('SerialNumber'), 'SerialNumber');
    assert.equal(escapeMarkdown('**x**'), '\\*\\*x\\*\\*');
    assert.equal(escapeMarkdown('[open](command:vensoft.logOut)'), '\\[open\\]\\(command\\:vensoft\\.logOut\\)');
    assert.equal(escapeMarkdown('<img src=x onerror=alert(1)>'), '\\<img src=x onerror=alert\\(1\\)\\>');
    assert.equal(escapeMarkdown('# a\n- b'), '\\# a \\- b');
    assert.equal(escapeMarkdown('a_b `c` ~d~ |e| !f &amp;'), 'a\\_b \\`c\\` \\~d\\~ \\|e\\| \\!f \\&amp;');
  });

  it('leaves no unescaped special character in any text', () => {
    const all = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('');
    const escaped = escapeMarkdown(all);
    assert.doesNotMatch(escaped.replace(/\\./g, ''), /[\\`*_{}[\]()#+\-.!|<>~&:\r\n]/);
  });
});
