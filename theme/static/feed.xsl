<?xml version="1.0" encoding="utf-8"?>
<!--
  Shows this site's Atom and RSS feeds as a readable page when a browser opens one.
  Every feed names it in an <?xml-stylesheet?> instruction (plugins/feeds); feed
  readers ignore the instruction and read the feed itself. XSLT 1.0, as browsers run it.
  Its styles are the theme's css/feed.css (no inline styles: the Content-Security-Policy
  forbids them), found beside this file: the feed's instruction gives its address.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:media="http://search.yahoo.com/mrss/"
    exclude-result-prefixes="atom dc media">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat" indent="yes"/>

  <xsl:variable name="title" select="/atom:feed/atom:title | /rss/channel/title"/>
  <xsl:variable name="home" select="/atom:feed/atom:link[@rel='alternate']/@href | /rss/channel/link"/>
  <xsl:variable name="address" select="/atom:feed/atom:link[@rel='self']/@href | /rss/channel/atom:link[@rel='self']/@href"/>
  <!-- This file's address: the href in <?xml-stylesheet href="..." type="text/xsl"?>. -->
  <xsl:variable name="xsl" select="substring-before(substring-after(/processing-instruction('xml-stylesheet')[contains(., 'text/xsl')], 'href=&quot;'), '&quot;')"/>

  <xsl:template match="/">
    <html lang="{/atom:feed/@xml:lang | /rss/channel/language}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <link rel="stylesheet">
          <xsl:attribute name="href">
            <xsl:call-template name="folder">
              <xsl:with-param name="url" select="$xsl"/>
            </xsl:call-template>
            <xsl:text>css/feed.css</xsl:text>
          </xsl:attribute>
        </link>
      </head>
      <body>
        <main>
          <p class="notice">This is a <strong>web feed</strong>. To follow
            <xsl:text> </xsl:text><xsl:value-of select="$title"/><xsl:text> </xsl:text>
            in your feed reader, copy this address into it:
            <code><xsl:value-of select="$address"/></code></p>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="/atom:feed/atom:subtitle | /rss/channel/description"/></p>
          <p><a href="{$home}">Read these posts on the website</a></p>
          <ol class="entries">
            <xsl:apply-templates select="/atom:feed/atom:entry | /rss/channel/item"/>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <xsl:call-template name="entry">
      <xsl:with-param name="link" select="atom:link[@rel='alternate']/@href"/>
      <xsl:with-param name="title" select="atom:title"/>
      <xsl:with-param name="date" select="substring(atom:published, 1, 10)"/>
      <xsl:with-param name="authors" select="atom:author/atom:name"/>
      <xsl:with-param name="category" select="atom:category[1]/@term"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="item">
    <xsl:call-template name="entry">
      <xsl:with-param name="link" select="link"/>
      <xsl:with-param name="title" select="title"/>
      <xsl:with-param name="date" select="substring(pubDate, 6, 11)"/>
      <xsl:with-param name="authors" select="dc:creator"/>
      <xsl:with-param name="category" select="category[1]"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="entry">
    <xsl:param name="link"/>
    <xsl:param name="title"/>
    <xsl:param name="date"/>
    <xsl:param name="authors"/>
    <xsl:param name="category"/>
    <li class="entry">
      <xsl:if test="media:content/@url">
        <img src="{media:content/@url}" alt="" width="{media:content/@width}" height="{media:content/@height}" loading="lazy"/>
      </xsl:if>
      <div>
        <h2><a href="{$link}"><xsl:value-of select="$title"/></a></h2>
        <p class="meta">
          <xsl:value-of select="$date"/>
          <xsl:if test="$authors">
            <xsl:text> · by </xsl:text>
            <xsl:for-each select="$authors">
              <xsl:if test="position() &gt; 1">
                <xsl:choose>
                  <xsl:when test="position() = last()"> and </xsl:when>
                  <xsl:otherwise>, </xsl:otherwise>
                </xsl:choose>
              </xsl:if>
              <xsl:value-of select="."/>
            </xsl:for-each>
          </xsl:if>
          <xsl:if test="$category">
            <xsl:text> · </xsl:text><xsl:value-of select="$category"/>
          </xsl:if>
        </p>
      </div>
    </li>
  </xsl:template>

  <!-- The folder part of a URL (up to its last "/"): XPath 1.0 has no last-index-of. -->
  <xsl:template name="folder">
    <xsl:param name="url"/>
    <xsl:if test="contains($url, '/')">
      <xsl:value-of select="concat(substring-before($url, '/'), '/')"/>
      <xsl:call-template name="folder">
        <xsl:with-param name="url" select="substring-after($url, '/')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
