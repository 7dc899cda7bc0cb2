using System;
using CodeStarProfiles.Engine.Resources;

namespace CodeStarProfiles.Engine
{
    /// <summary>Nothing can be sent: no credentials, no region, or a bad setting. The message says what was tried and how to fix it.</summary>
    public sealed class CodeStarConfigurationException : Exception
    {
        /// <summary>For a setting whose message already says what to correct: the advice is to correct it.</summary>
        internal CodeStarConfigurationException(ConfigurationProblem kind, string message)
            : this(kind, message, SR.SettingAdvice)
        {
        }

        internal CodeStarConfigurationException(ConfigurationProblem kind, string message, string advice)
            : base(message)
        {
            Kind = kind;
            Advice = advice;
        }

        /// <summary>What to do about it (not the message again).</summary>
        public string Advice { get; }

        /// <summary>Why nothing can be sent.</summary>
        public ConfigurationProblem Kind { get; }
    }
}
