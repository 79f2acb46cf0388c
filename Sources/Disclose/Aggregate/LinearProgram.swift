/// The smallest and largest value one variable can take under linear equalities over non-negative
/// variables: what a reader of a published table can work out about a suppressed cell from the
/// totals. A dense two-phase simplex with Bland's rule (which cannot cycle), in `Double`; the
/// problems it is given are small (the suppressed cells of a release) and, for tables of counts
/// with their totals, have whole-number vertices, so the bounds it finds are whole numbers too.
/// Written by hand: no package in the mirror solves linear programs.
struct LinearProgram {
    /// `Σ coefficients[i] · x[i] = value`.
    struct Equality {
        var coefficients: [Int: Double]
        var value: Double
    }

    let variableCount: Int
    let equalities: [Equality]

    /// The range `x[variable]` can take; `upper` is nil when nothing bounds it from above, and the
    /// whole result is nil when the equalities have no non-negative solution.
    func bounds(of variable: Int) -> (lower: Double, upper: Double?)? {
        feasible()?.bounds(of: variable)
    }

    /// A feasible basis (phase 1), found once and shared by every variable's bounds; nil when the
    /// equalities have no non-negative solution.
    func feasible() -> Feasible? {
        // Tableau rows: the equalities (right-hand sides made non-negative), each with an artificial
        // variable; columns: the variables, then the artificials, then the right-hand side.
        let rows = equalities.count, columns = variableCount + rows + 1
        var tableau = [[Double]](repeating: [Double](repeating: 0, count: columns), count: rows)
        var basis = [Int](repeating: 0, count: rows)
        for (row, equality) in equalities.enumerated() {
            let sign: Double = equality.value < 0 ? -1 : 1
            for (index, coefficient) in equality.coefficients { tableau[row][index] = sign * coefficient }
            tableau[row][variableCount + row] = 1
            tableau[row][columns - 1] = sign * equality.value
            basis[row] = variableCount + row
        }
        // Phase 1: minimise the sum of the artificials.
        var phaseOne = [Double](repeating: 0, count: columns)
        for row in 0..<rows { for column in 0..<columns where column < variableCount || column == columns - 1 { phaseOne[column] -= tableau[row][column] } }
        guard Self.run(&tableau, &basis, objective: &phaseOne, allowed: columns - 1) != .unbounded else { return nil }
        if -phaseOne[columns - 1] > 1e-7 { return nil }
        // Drive artificials still in the basis (at zero) out where a real column can replace them.
        for row in 0..<rows where basis[row] >= variableCount {
            if let column = (0..<variableCount).first(where: { abs(tableau[row][$0]) > Self.epsilon }) {
                Self.pivot(&tableau, &basis, row: row, column: column, objective: &phaseOne)
            }
        }
        return Feasible(variableCount: variableCount, tableau: tableau, basis: basis)
    }

    /// A feasible basis of the program, from which each variable's bounds are found (phase 2).
    struct Feasible {
        let variableCount: Int
        let tableau: [[Double]]
        let basis: [Int]

        /// The range `x[variable]` can take (`upper` nil: unbounded).
        func bounds(of variable: Int) -> (lower: Double, upper: Double?)? {
            guard case let .value(lowest)? = optimum(of: variable, maximise: false) else { return nil }
            switch optimum(of: variable, maximise: true) {
            case .value(let highest)?: return (lowest, highest)
            case .unbounded?: return (lowest, nil)
            case nil: return nil
            }
        }

        /// The largest value `x[variable]` can take (nil: unbounded).
        func maximum(of variable: Int) -> Double? {
            if case let .value(highest)? = optimum(of: variable, maximise: true) { return highest }
            return nil
        }

        private func optimum(of variable: Int, maximise: Bool) -> Optimum? {
            var tableau = self.tableau, basis = self.basis
            let columns = tableau.first?.count ?? variableCount + 1
            // Phase 2: the objective over the real variables only (minimise x, or minimise -x).
            var objective = [Double](repeating: 0, count: columns)
            objective[variable] = maximise ? -1 : 1
            for row in tableau.indices where basis[row] < variableCount {
                let weight = objective[basis[row]]
                if weight != 0 { for column in 0..<columns { objective[column] -= weight * tableau[row][column] } }
            }
            if LinearProgram.run(&tableau, &basis, objective: &objective, allowed: variableCount) == .unbounded { return .unbounded }
            let value = -objective[columns - 1]
            return .value(maximise ? -value : value)
        }
    }

    fileprivate enum Optimum {
        case value(Double)
        case unbounded
    }

    private static let epsilon = 1e-9

    fileprivate enum Outcome { case optimal, unbounded }

    /// Simplex iterations on reduced costs `objective` (last entry: minus the objective's value),
    /// entering only columns below `allowed`, by Bland's rule.
    fileprivate static func run(_ tableau: inout [[Double]], _ basis: inout [Int], objective: inout [Double], allowed: Int) -> Outcome {
        let last = objective.count - 1
        while true {
            guard let entering = (0..<allowed).first(where: { objective[$0] < -epsilon }) else { return .optimal }
            var leaving: Int?
            var best = Double.infinity
            for row in tableau.indices where tableau[row][entering] > epsilon {
                let ratio = tableau[row][last] / tableau[row][entering]
                if ratio < best - epsilon || (abs(ratio - best) <= epsilon && basis[row] < basis[leaving!]) {
                    best = ratio
                    leaving = row
                }
            }
            guard let leaving else { return .unbounded }
            pivot(&tableau, &basis, row: leaving, column: entering, objective: &objective)
        }
    }

    private static func pivot(_ tableau: inout [[Double]], _ basis: inout [Int], row: Int, column: Int, objective: inout [Double]) {
        let factor = tableau[row][column]
        for index in tableau[row].indices { tableau[row][index] /= factor }
        for other in tableau.indices where other != row {
            let weight = tableau[other][column]
            if weight != 0 { for index in tableau[other].indices { tableau[other][index] -= weight * tableau[row][index] } }
        }
        let weight = objective[column]
        if weight != 0 { for index in objective.indices { objective[index] -= weight * tableau[row][index] } }
        basis[row] = column
    }
}
