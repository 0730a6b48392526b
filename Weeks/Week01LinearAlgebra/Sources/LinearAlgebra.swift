public enum LinearAlgebra {}
