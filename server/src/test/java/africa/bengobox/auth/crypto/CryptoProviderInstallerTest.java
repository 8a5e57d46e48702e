package africa.bengobox.auth.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.Signature;
import org.junit.jupiter.api.Test;

class CryptoProviderInstallerTest {

    @Test
    void nativeProviderComesFirstAndSigns() throws Exception {
        CryptoProviderInstaller.Result result = CryptoProviderInstaller.install(true);
        assertThat(result.nativeProvider()).as(result.message()).isTrue();
        Signature signature = Signature.getInstance("SHA256withECDSA");
        assertThat(signature.getProvider().getName()).isEqualTo(result.provider());
        var keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
        signature.initSign(keys.getPrivate());
        signature.update(new byte[] {1, 2, 3});
        byte[] signed = signature.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(keys.getPublic());
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signed)).isTrue();
        assertThat(CryptoProviderInstaller.install(false).nativeProvider()).as("installing twice is harmless").isTrue();
    }
}
