using System.Security.Cryptography;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// Reads an HTTP response as keepalived 2.2.7 does (check_http.c http_process_response, lib/html.c): the header
/// must end (CRLF CRLF) within the first 4,095 bytes; the status is the three digits after the first space; the
/// body, up to Content-Length when the header has one, is hashed with MD5 for the digest; its first
/// <c>keepLimit</c> bytes (all received, as keepalived's regex sees them) are kept for a regex. Reusable: <see cref="Reset"/>.
/// </summary>
internal sealed class HttpResponseReader(int keepLimit = 0) : IDisposable
{
    /// <summary>keepalived's MAX_BUFFER_LENGTH - 1.</summary>
    public const int HeaderLimit = 4095;

    private readonly byte[] _header = new byte[HeaderLimit];
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private int _headerLength;
    private long _contentLength = -1;
    private byte[] _kept = [];
    private int _keptLength;

    /// <summary>True once the header has ended.</summary>
    public bool HeaderComplete { get; private set; }

    /// <summary>The status code, 0 when the status line has none keepalived reads.</summary>
    public int Status { get; private set; }

    /// <summary>Body bytes received.</summary>
    public long BodyLength { get; private set; }

    /// <summary>The body's first bytes, up to the limit given at construction.</summary>
    public ReadOnlySpan<byte> Kept => _kept.AsSpan(0, _keptLength);

    public void Reset()
    {
        _headerLength = 0;
        _contentLength = -1;
        HeaderComplete = false;
        Status = 0;
        BodyLength = 0;
        _keptLength = 0;
        _md5.GetHashAndReset();
    }

    /// <summary>Where the next read goes while the header is incomplete (empty once 4,095 bytes hold no header end: keepalived then stops reading).</summary>
    public Memory<byte> HeaderSpace => _header.AsMemory(_headerLength);

    /// <summary>Accounts <paramref name="count"/> bytes read into <see cref="HeaderSpace"/>.</summary>
    public void HeaderRead(int count)
    {
        int searchFrom = Math.Max(0, _headerLength - 3);
        _headerLength += count;
        int end = _header.AsSpan(searchFrom, _headerLength - searchFrom).IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return;
        }

        int bodyStart = searchFrom + end + 4;
        HeaderComplete = true;
        ReadOnlySpan<byte> all = _header.AsSpan(0, _headerLength);
        Status = StatusCode(all);
        _contentLength = ContentLength(all);
        Body(all[bodyStart..]);
    }

    /// <summary>Accounts body bytes read after the header.</summary>
    public void Body(ReadOnlySpan<byte> data)
    {
        if (_contentLength < 0 || BodyLength < _contentLength)
        {
            int hashed = _contentLength < 0 ? data.Length : (int)Math.Min(data.Length, _contentLength - BodyLength);
            _md5.AppendData(data[..hashed]);
        }

        BodyLength += data.Length;
        Keep(data);
    }

    /// <summary>Whether the MD5 of the body is <paramref name="digest"/> (16 bytes).</summary>
    public bool DigestIs(ReadOnlySpan<byte> digest)
    {
        Span<byte> hash = stackalloc byte[16];
        _md5.GetHashAndReset(hash);
        return hash.SequenceEqual(digest);
    }

    public void Dispose() => _md5.Dispose();

    private void Keep(ReadOnlySpan<byte> data)
    {
        int count = Math.Min(data.Length, keepLimit - _keptLength);
        if (count <= 0)
        {
            return;
        }

        if (_kept.Length < _keptLength + count)
        {
            Array.Resize(ref _kept, Math.Min(keepLimit, Math.Max(_keptLength + count, _kept.Length * 2)));
        }

        data[..count].CopyTo(_kept.AsSpan(_keptLength));
        _keptLength += count;
    }

    /// <summary>lib/html.c extract_status_code: skip to the first space; three digits followed by a space.</summary>
    public static int StatusCode(ReadOnlySpan<byte> header)
    {
        int i = 0;
        while (i < header.Length && header[i] != ' ' && header[i] != '\r')
        {
            i++;
        }

        if (i >= header.Length || header[i] != ' ')
        {
            return 0;
        }

        i++;
        if (i + 3 >= header.Length || header[i + 3] != ' ')
        {
            return 0;
        }

        int code = 0;
        for (int d = 0; d < 3; d++)
        {
            byte b = header[i + d];
            if (b is < (byte)'0' or > (byte)'9')
            {
                return 0;
            }

            code = (code * 10) + (b - '0');
        }

        return code;
    }

    /// <summary>lib/html.c extract_content_length: the first "Content-Length:" (exact case), -1 when absent or malformed.</summary>
    public static long ContentLength(ReadOnlySpan<byte> buffer)
    {
        int at = buffer.IndexOf("Content-Length:"u8);
        if (at < 0)
        {
            return -1;
        }

        ReadOnlySpan<byte> rest = buffer[(at + 15)..];
        int i = 0;
        while (i < rest.Length && rest[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        long length = 0;
        int digits = 0;
        while (i < rest.Length && rest[i] is >= (byte)'0' and <= (byte)'9' && digits < 18)
        {
            length = (length * 10) + (rest[i] - '0');
            i++;
            digits++;
        }

        return i < rest.Length && rest[i] is not ((byte)'\r' or (byte)'\n') ? -1 : length;
    }
}
