package dev.camroll.storage;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UserObjectsTests {

    private final UserObjects user = new UserObjects("0123456789abcdef");

    private final UUID id = UUID.fromString("01937f7e-0000-7000-8000-000000000001");

    @Test
    void everyKeyOfAUserLiesUnderTheUsersPrefix() {
        List<String> keys = List.of(user.original(id), user.preview(id), user.thumbnail(id), user.render(id));
        assertThat(keys).allSatisfy(key -> assertThat(key).startsWith(user.prefix()));
        assertThat(user.prefix()).isEqualTo("u/0123456789abcdef/");
        assertThat(keys)
                .containsExactly(
                        "u/0123456789abcdef/original/" + id,
                        "u/0123456789abcdef/preview/" + id + ".jpg",
                        "u/0123456789abcdef/thumb/" + id + ".jpg",
                        "u/0123456789abcdef/render/" + id + ".jpg");
    }

    @Test
    void aPatternMatchesTheKeysOfItsKindsOnlyAndCapturesTheId() {
        Pattern media =
                UserObjects.keysOf(UserObjects.Kind.ORIGINAL, UserObjects.Kind.PREVIEW, UserObjects.Kind.THUMBNAIL);
        assertThat(ObjectOwner.idsIn(List.of(user.original(id), user.preview(id), user.thumbnail(id)), media))
                .containsExactly(id);
        assertThat(media.matcher(user.render(id)).matches()).isFalse();

        Pattern renders = UserObjects.keysOf(UserObjects.Kind.RENDER);
        assertThat(renders.matcher(user.render(id)).matches()).isTrue();
        assertThat(renders.matcher(user.prefix() + "render/" + id).matches())
                .as("a render is always a .jpg")
                .isFalse();
        assertThat(UserObjects.keysOf(UserObjects.Kind.ORIGINAL)
                        .matcher(user.original(id) + ".jpg")
                        .matches())
                .isFalse();
    }

    @Test
    void aUserKeyIsOneSegment() {
        assertThatIllegalArgumentException().isThrownBy(() -> new UserObjects("a/b"));
        assertThatIllegalArgumentException().isThrownBy(() -> new UserObjects(""));
    }
}
