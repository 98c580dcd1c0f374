package io.cqrsrouting.mybatis;

/** The test mapper (ItemMapper.xml); nothing on it says where a statement runs. */
public interface ItemMapper {

    /** @return the cluster_name of the server that ran the statement */
    String node();

    /** @return "backend pid@cluster_name" of the server session that ran the statement */
    String session();

    String nodeMaybeLocking(long id, boolean lock);

    String lockedNode(long id);

    String writerOf(long id);

    /** @return "name@cluster_name" of the row and the server that read it */
    String nameAndNode(long id);

    /** @return {@code currval} of the item id sequence in the session that runs it */
    long currentId();

    int insert(String name);

    int insertWithKey(Item item);

    long newItem(String name);

    String insertReturningWriter(String name);

    String renameReturningNode(long id, String name);

    int rename(long id, String name);

    /** A row; its id is filled in by a selectKey. */
    final class Item {
        private Long id;
        private String name;

        public Item(String name) {
            this.name = name;
        }

        public Long getId() {
            return id;
        }

        public void setId(Long id) {
            this.id = id;
        }

        public String getName() {
            return name;
        }
    }
}
