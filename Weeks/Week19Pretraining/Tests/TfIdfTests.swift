// TF-IDF against scikit-learn's formulas worked by hand: smooth idf ln((1+n)/(1+df)) + 1, raw
// counts, rows divided by their L2 norm; vocabulary = the most frequent terms.

import Foundation
import TestSupport
import Week19Pretraining
import XCTest

final class TfIdfTests: XCTestCase {
    func testTwoDocumentsByHand() {
        // "fix json json" and "fix zip": counts fix 2, json 2, zip 1 → terms [fix, json] (ties alphabetical)
        let vectorizer = TfIdfVectorizer(fitting: ["fix json json", "fix zip"], maxFeatures: 2)
        XCTAssertEqual(vectorizer.terms, ["fix", "json"])
        let idfFix = 1.0, idfJSON = Foundation.log(3.0 / 2.0) + 1  // df 2 and 1 of n = 2
        assertClose(vectorizer.idf, [idfFix, idfJSON])
        let x = vectorizer.transform(["fix json json", "zip only", "json"])
        let norm = (idfFix * idfFix + 4 * idfJSON * idfJSON).squareRoot()
        assertClose(x.values, [idfFix / norm, 2 * idfJSON / norm, 0, 0, 0, 1], rtol: 1e-12)
    }
}
