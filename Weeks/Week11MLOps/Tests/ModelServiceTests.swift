// POST /predict through the service's router, in process (no sockets, no parser): the answer is
// the in-process model's label, class name and probabilities; before a model is loaded it is 503;
// a bad body is the PredictInput 400.

import Foundation
import Shared
import TestSupport
import Week11MLOps
import Week11MLOpsService
import XCTest

final class ModelServiceTests: XCTestCase {
    func testPredictRouteAnswersTheModelsLabelAndProbabilities() throws {
        let model = ImageClassifier.randomMLP(seed: 7)
        let service = ModelService()
        let router = service.router()
        var rng = SplitMix64(seed: 4)
        let image = (0..<784).map { _ in Float(rng.nextUnitDouble()) }
        let request = HTTPRequest(method: "POST", target: "/predict", body: PredictInput.body(image))
        XCTAssertEqual(router.respond(to: request).status, 503, "no model yet")
        service.setModel(model)
        let response = router.respond(to: request)
        XCTAssertEqual(response.status, 200, String(decoding: response.body, as: UTF8.self))
        let object = try XCTUnwrap(jsonObject(response.body))
        let local = try model.predict(image)
        XCTAssertEqual(object["label"] as? Int, local.label)
        XCTAssertEqual(object["class"] as? String, model.classNames[local.label])
        let served = try XCTUnwrap(object["probabilities"] as? [Double]).map(Float.init)
        assertClose(served, local.probabilities, rtol: 1e-6)
        let bad = router.respond(to: HTTPRequest(method: "POST", target: "/predict", body: Array("{\"pixels\": [2]}".utf8)))
        XCTAssertEqual(bad.status, 400)
    }
}
