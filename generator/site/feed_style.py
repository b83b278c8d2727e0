"""The XSLT stylesheet every feed names, so that a feed opened in a browser reads as a page with a subscribe hint.

A Python string rather than a file beside this module: the build cache keys the generator by its Python source,
so an edit here rebuilds the feeds. XSLT 1.0, which browsers run for a same-origin stylesheet; the feed's text
reaches the page through xsl:value-of, which escapes it. Nothing is loaded from anywhere else.
"""

FEED_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom"
                exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="no"/>
  <xsl:template match="/atom:feed">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width,initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/> (Atom feed)</title>
        <style>
          :root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #3f51b5; --hint: #eef1fb; }
          @media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --accent: #9fa8da; --hint: #1c2333; } }
          body { margin: 0 auto; max-width: 46rem; padding: 1rem 1.25rem 3rem; font: 16px/1.55 system-ui, sans-serif; color: var(--fg); }
          a { color: var(--accent); }
          header p, .meta { color: var(--muted); }
          .hint { background: var(--hint); border-radius: .4rem; padding: .75rem 1rem; }
          .hint code { overflow-wrap: anywhere; }
          ol { list-style: none; padding: 0; }
          li { border-top: 1px solid var(--line); padding: .9rem 0; }
          h2 { font-size: 1.1rem; margin: 0 0 .25rem; }
          .meta { font-size: .9rem; margin: 0 0 .4rem; }
          .summary { margin: 0; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 4; overflow: hidden; }
        </style>
      </head>
      <body>
        <header>
          <h1><xsl:value-of select="atom:title"/></h1>
          <p><xsl:value-of select="atom:subtitle"/></p>
          <p class="hint"><strong>This is an Atom feed.</strong> To subscribe, copy its address into your feed reader:
            <code><xsl:value-of select="atom:link[@rel='self']/@href"/></code>.
            <a href="{atom:link[@rel='alternate']/@href}">Back to the page</a> it follows.</p>
        </header>
        <main>
          <p class="meta"><xsl:value-of select="count(atom:entry)"/> newest papers, the latest added first.</p>
          <ol>
            <xsl:for-each select="atom:entry">
              <li>
                <h2><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
                <p class="meta">
                  <xsl:for-each select="atom:author/atom:name">
                    <xsl:if test="position() &gt; 1">, </xsl:if>
                    <xsl:value-of select="."/>
                  </xsl:for-each>
                  <xsl:if test="atom:author"> · </xsl:if>
                  added <time datetime="{atom:updated}"><xsl:value-of select="substring(atom:updated, 1, 10)"/></time>
                  <xsl:if test="atom:link[@rel='related']">
                    · <a href="{atom:link[@rel='related']/@href}">arXiv</a>
                  </xsl:if>
                </p>
                <p class="summary"><xsl:value-of select="atom:summary"/></p>
              </li>
            </xsl:for-each>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
"""
