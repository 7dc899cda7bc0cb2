using System;
using System.Security.Cryptography;
using System.Text;

namespace CodeStarProfiles.Validation
{
    /// <summary>
    /// An OpenSSH public key line ("ssh-ed25519 AAAA... comment"), checked the way ssh-keygen
    /// reads one: a known key type, base64 data whose wire encoding starts with that same type,
    /// and the fields that type must carry. The fingerprint is what ssh-keygen -l prints:
    /// "SHA256:" and the unpadded base64 of the SHA-256 of the key data.
    /// </summary>
    internal sealed class SshPublicKey
    {
        private static readonly string[] KnownTypes =
        {
            "ssh-ed25519", "ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
        };

        private SshPublicKey(string keyType, byte[] blob, string? comment)
        {
            KeyType = keyType;
            Comment = comment;
            using (var sha = SHA256.Create())
            {
                Fingerprint = "SHA256:" + Convert.ToBase64String(sha.ComputeHash(blob)).TrimEnd('=');
            }
        }

        public string KeyType { get; }

        public string? Comment { get; }

        public string Fingerprint { get; }

        /// <summary>Parses a key; on failure <paramref name="problem"/> says what is wrong with it in plain words.</summary>
        public static SshPublicKey? TryParse(string? text, out string? problem)
        {
            problem = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                problem = "it is empty";
                return null;
            }

            var parts = text!.Trim().Split(new[] { ' ', '\t' }, 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2)
            {
                problem = "an OpenSSH public key has a key type and base64 key data separated by a space (for example 'ssh-ed25519 AAAAC3Nza... user@host')";
                return null;
            }

            string type = parts[0];
            if (Array.IndexOf(KnownTypes, type) < 0)
            {
                problem = $"'{Shorten(type)}' is not an OpenSSH public key type (expected one of {string.Join(", ", KnownTypes)})";
                return null;
            }

            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(parts[1]);
            }
            catch (FormatException)
            {
                problem = "the key data is not valid base64";
                return null;
            }

            var reader = new WireReader(blob);
            string? innerType = reader.ReadString();
            if (innerType != type)
            {
                problem = $"the key data does not hold a {type} key";
                return null;
            }

            bool wellFormed;
            switch (type)
            {
                case "ssh-ed25519":
                    wellFormed = reader.ReadBytes()?.Length == 32 && reader.AtEnd;
                    break;
                case "sk-ssh-ed25519@openssh.com":
                    wellFormed = reader.ReadBytes()?.Length == 32 && reader.ReadString() != null && reader.AtEnd;
                    break;
                case "ssh-rsa":
                    wellFormed = reader.ReadBytes() != null && (reader.ReadBytes()?.Length ?? 0) >= 64 && reader.AtEnd;
                    break;
                case "ssh-dss":
                    wellFormed = reader.ReadBytes() != null && reader.ReadBytes() != null && reader.ReadBytes() != null && reader.ReadBytes() != null && reader.AtEnd;
                    break;
                case "sk-ecdsa-sha2-nistp256@openssh.com":
                    wellFormed = reader.ReadString() == "nistp256" && reader.ReadBytes() != null && reader.ReadString() != null && reader.AtEnd;
                    break;
                default:
                    wellFormed = reader.ReadString() == type.Substring("ecdsa-sha2-".Length) && reader.ReadBytes() != null && reader.AtEnd;
                    break;
            }

            if (!wellFormed)
            {
                problem = $"the key data is not a well-formed {type} key (truncated or corrupted)";
                return null;
            }

            return new SshPublicKey(type, blob, parts.Length > 2 ? parts[2].Trim() : null);
        }

        /// <summary>
        /// What is wrong with a key's text as a whole, or null: a private key (PEM "-----BEGIN ...
        /// PRIVATE KEY-----", OpenSSH, PuTTY, ssh.com formats) or more than one key line. The message
        /// completes "SshPublicKey ..." or "SshPublicKeyPath 'file' ..." and never quotes the text.
        /// </summary>
        public static string? CheckKeyText(string text)
        {
            if (IsPrivateKey(text))
            {
                return "is a private key; use the public key (the .pub file next to it) instead. The private key's content is not shown, and it was not sent";
            }

            int keys = 0;
            foreach (var line in text.Split('\n'))
            {
                string t = line.Trim();
                if (t.Length > 0 && t[0] != '#')
                {
                    keys++;
                }
            }

            return keys > 1
                ? $"holds {keys} key lines; a CodeStar profile stores one SSH public key: give a single key line (a .pub file holds one)"
                : null;
        }

        /// <summary>Whether the text is a private key in any of the formats ssh-keygen and PuTTY write.</summary>
        public static bool IsPrivateKey(string text) =>
            text.IndexOf("PRIVATE KEY-----", StringComparison.Ordinal) >= 0
            || text.IndexOf("PuTTY-User-Key-File-", StringComparison.Ordinal) >= 0
            || text.IndexOf("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----", StringComparison.Ordinal) >= 0;

        private static string Shorten(string s) => s.Length <= 40 ? s : s.Substring(0, 40) + "...";

        /// <summary>Reads the SSH wire format: uint32 big-endian length, then that many bytes.</summary>
        private sealed class WireReader
        {
            private readonly byte[] _data;
            private int _offset;

            public WireReader(byte[] data) => _data = data;

            public bool AtEnd => _offset == _data.Length;

            public byte[]? ReadBytes()
            {
                if (_data.Length - _offset < 4)
                {
                    return null;
                }

                long length = ((long)_data[_offset] << 24) | ((long)_data[_offset + 1] << 16) | ((long)_data[_offset + 2] << 8) | _data[_offset + 3];
                if (length > _data.Length - _offset - 4)
                {
                    return null;
                }

                var result = new byte[length];
                Buffer.BlockCopy(_data, _offset + 4, result, 0, (int)length);
                _offset += 4 + (int)length;
                return result;
            }

            public string? ReadString()
            {
                var bytes = ReadBytes();
                return bytes == null ? null : Encoding.ASCII.GetString(bytes);
            }
        }
    }
}
