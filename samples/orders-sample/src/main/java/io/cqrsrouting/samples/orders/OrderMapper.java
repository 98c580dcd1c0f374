package io.cqrsrouting.samples.orders;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Select;

/**
 * A MyBatis mapper (with {@code cqrs-routing-mybatis}): routed by statement type, no annotation —
 * the {@code <select>} to a replica, the {@code <insert>} to the primary.
 */
@Mapper
public interface OrderMapper {

    /** Inserts the order and sets its generated id. */
    @Insert("insert into purchase_order (item) values (#{item})")
    @Options(useGeneratedKeys = true, keyProperty = "id", keyColumn = "id")
    void insert(PurchaseOrder order);

    @Select("select count(*), current_setting('cluster_name') from purchase_order")
    OrderStore.Report report();
}
