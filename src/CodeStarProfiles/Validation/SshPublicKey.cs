using System;
using System.Security.Cryptography;
using System.Text;
using CodeStarProfiles.Resources;

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
            var key = Parse(text, out var kind, out string? type);
            problem = kind switch
            {
                KeyProblem.None => null,
                KeyProblem.Empty => SR.KeyEmpty,
                KeyProblem.NoData => SR.KeyNoData,
                KeyProblem.UnknownType => SR.KeyUnknownType(Shorten(type!), string.Join(", ", KnownTypes)),
                KeyProblem.NotBase64 => SR.KeyNotBase64,
                KeyProblem.TypeMismatch => SR.KeyTypeMismatch(type!),
                _ => SR.KeyMalformed(type!),
            };
            return key;
        }

        /// <summary>Parses a key, or null; no words for what is wrong (a listing parses every stored key).</summary>
        internal static SshPublicKey? TryParse(string? text) => Parse(text, out _, out _);

        private static SshPublicKey? Parse(string? text, out KeyProblem problem, out string? type)
        {
            type = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                problem = KeyProblem.Empty;
                return null;
            }

            var parts = text!.Trim().Split(new[] { ' ', '\t' }, 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2)
            {
                problem = KeyProblem.NoData;
                return null;
            }

            type = parts[0];
            if (Array.IndexOf(KnownTypes, type) < 0)
            {
                problem = KeyProblem.UnknownType;
                return null;
            }

            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(parts[1]);
            }
            catch (FormatException)
            {
                problem = KeyProblem.NotBase64;
                return null;
            }

            var reader = new WireReader(blob);
            string? innerType = reader.ReadString();
            if (innerType != type)
            {
                problem = KeyProblem.TypeMismatch;
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
                problem = KeyProblem.Malformed;
                return null;
            }

            problem = KeyProblem.None;
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
                return SR.KeyTextPrivateKey;
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

            return keys > 1 ? SR.KeyTextSeveralKeys(keys) : null;
        }

        /// <summary>Whether the text is a private key in any of the formats ssh-keygen and PuTTY write.</summary>
        public static bool IsPrivateKey(string text) =>
            text.IndexOf("PRIVATE KEY-----", StringComparison.Ordinal) >= 0
            || text.IndexOf("PuTTY-User-Key-File-", StringComparison.Ordinal) >= 0
            || text.IndexOf("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----", StringComparison.Ordinal) >= 0;

        private enum KeyProblem
        {
            None,
            Empty,
            NoData,
            UnknownType,
            NotBase64,
            TypeMismatch,
            Malformed,
        }

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
