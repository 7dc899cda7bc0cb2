using System;
using CodeStarProfiles.Engine.Client;

namespace CodeStarProfiles.Engine
{
    /// <summary>
    /// Watches the attempts of one call, to tell afterwards whether its failure is certain. An
    /// attempt that got a 5xx, or no answer at all after the request may have gone out, may have
    /// been carried out by the service all the same; a 4xx, a throttling answer or a refused
    /// connection was not. One instance per call (its attempts come one after another).
    /// </summary>
    internal sealed class AttemptTracker
    {
        public AttemptTracker(Action<AttemptInfo>? inner) => Observe = a =>
        {
            LastMayHaveBeenProcessed = !a.Succeeded && a.MayHaveBeenProcessed;
            AnyMayHaveBeenProcessed |= LastMayHaveBeenProcessed;
            inner?.Invoke(a);
        };

        /// <summary>Pass this as the request's observer.</summary>
        public Action<AttemptInfo> Observe { get; }

        /// <summary>Some failed attempt of the call may have been carried out.</summary>
        public bool AnyMayHaveBeenProcessed { get; private set; }

        /// <summary>The last attempt failed in a way that may have been carried out: the call's failure is not certain.</summary>
        public bool LastMayHaveBeenProcessed { get; private set; }

        /// <summary>
        /// Whether <paramref name="e"/> ended the call with an uncertain outcome: the last attempt may have been
        /// carried out, or an earlier one may have been and the last one's answer was not the service's (a proxy's
        /// 4xx after a 5xx says nothing about the write).
        /// </summary>
        public bool Ambiguous(CodeStarServiceException e) =>
            (LastMayHaveBeenProcessed && (e.Kind == FailureKind.ServiceError || e.Kind == FailureKind.Connection))
            || (AnyMayHaveBeenProcessed && e.Kind == FailureKind.NotCodeStar);
    }
}
