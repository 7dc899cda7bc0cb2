namespace CodeStarProfiles.Engine
{
    /// <summary>
    /// What went wrong with a call, in the terms a caller acts on. Decided once, where the failure
    /// arises (<see cref="ErrorClassifier"/>); the layers above map a kind to an ErrorId and nothing else.
    /// </summary>
    public enum FailureKind
    {
        AlreadyExists,
        NotFound,
        InvalidInput,

        /// <summary>A listing's nextToken was refused (forged, or from another listing).</summary>
        InvalidNextToken,
        AccessDenied,
        Throttled,
        ServiceError,

        /// <summary>No answer at all: refused, reset, closed, or timed out.</summary>
        Connection,

        /// <summary>The last attempt of a write failed after the service may have carried it out, and a describe could not tell.</summary>
        OutcomeUnknown,

        /// <summary>What answered is not a CodeStar service (a web server, a proxy, a URL with a path after the host): that attempt did nothing, though an earlier one may have (see AttemptTracker.Ambiguous).</summary>
        NotCodeStar,
    }
}
