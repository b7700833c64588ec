package org.kernelforge.kernels;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.ReadyEnvironments;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.kernels.KernelFixtures.as;

/** The shipped python-full environment, on the real engine: what a Kaggle kernel imports is there and works. */
@QuarkusTest
class PythonFullEnvironmentTest {

    @Test
    void aPythonFullKernelTrainsATinyTorchModelAndAnXgboostModel() {
        Account ann = TestAccounts.signUp("ann");
        Map<String, Object> push = KernelFixtures.script("""
                import numpy as np
                import torch
                import xgboost as xgb

                torch.manual_seed(0)
                x = torch.linspace(-1, 1, 64).unsqueeze(1)
                y = 3 * x + 1
                model = torch.nn.Linear(1, 1)
                optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
                for _ in range(200):
                    optimizer.zero_grad()
                    loss = torch.nn.functional.mse_loss(model(x), y)
                    loss.backward()
                    optimizer.step()
                print(f"torch weight {model.weight.item():.2f} bias {model.bias.item():.2f} loss {loss.item():.4f}")

                rng = np.random.default_rng(0)
                features = rng.normal(size=(200, 3))
                labels = (features[:, 0] + features[:, 1] > 0).astype(int)
                booster = xgb.XGBClassifier(n_estimators=20, max_depth=3, n_jobs=1)
                booster.fit(features, labels)
                accuracy = (booster.predict(features) == labels).mean()
                print(f"xgboost accuracy {accuracy:.2f}")
                booster.save_model("model.json")

                import cv2, nltk, plotly, skimage, statsmodels.api, sympy
                print("imports ok")
                """);
        push.put("docker_image", ReadyEnvironments.dockerImage("python-full"));
        int version = KernelFixtures.push(ann, "full-stack", push);
        Map<String, Object> v = KernelFixtures.awaitFinished(ann, "full-stack", version, Duration.ofMinutes(4));
        String api = "/api/kernels/" + ann.username() + "/full-stack/versions/" + version;
        String log = as(ann).accept("text/plain").get(api + "/log").then().statusCode(200).extract().asString();
        assertEquals("complete", v.get("status"), v + "\n" + log);
        assertTrue(log.contains("torch weight 3.00 bias 1.00"), "the linear model learned y = 3x + 1: " + log);
        double accuracy = Double.parseDouble(log.replaceAll("(?s).*xgboost accuracy ([0-9.]+).*", "$1"));
        assertTrue(accuracy > 0.9, log);
        assertTrue(log.contains("imports ok"), log);
        as(ann).get(api + "/output/model.json").then().statusCode(200);
    }

    @Test
    void thePythonFullEnvironmentServesItsPackagesWithTheirVersions() {
        String full = ReadyEnvironments.dockerImage("python-full");
        given().get("/api/environments/" + full + "/versions/latest").then().statusCode(200)
                .body("status", equalTo("ready"))
                .body("packages.findAll { it.source == 'debian' }.name", hasItems("python3-torch", "python3-xgboost", "python3-pip"))
                .body("packages.findAll { it.source == 'python' }.name", hasItems("torch", "xgboost", "statsmodels", "sympy", "nbclient"))
                .body("packages.find { it.source == 'python' && it.name == 'torch' }.version", startsWith("1.13"));
    }
}
