public enum Roadmap {}
