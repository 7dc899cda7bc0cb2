namespace CodeStarProfiles.Validation
{
    /// <summary>The parts of an IAM user ARN: arn:aws:iam::&lt;account&gt;:user/&lt;path/&gt;&lt;name&gt;.</summary>
    internal sealed class UserArn
    {
        private UserArn(string accountId, string path, string userName)
        {
            AccountId = accountId;
            Path = path;
            UserName = userName;
        }

        public string AccountId { get; }

        /// <summary>The IAM path, "/" when there is none.</summary>
        public string Path { get; }

        public string UserName { get; }

        /// <summary>Parses an ARN that satisfies the model's pattern; null for anything else.</summary>
        public static UserArn? TryParse(string? arn)
        {
            if (arn == null || Shared.ProfileConstraints.UserArn.Check(arn) != Shared.ConstraintKind.None)
            {
                return null;
            }

            // arn:aws:iam::123456789012:user/path/name
            const string prefix = "arn:aws:iam::";
            string account = arn.Substring(prefix.Length, 12);
            string resource = arn.Substring(prefix.Length + 12 + ":user".Length + 1);
            int slash = resource.LastIndexOf('/');
            string path = slash < 0 ? "/" : "/" + resource.Substring(0, slash + 1);
            string name = resource.Substring(slash + 1);
            return new UserArn(account, path, name);
        }
    }
}
